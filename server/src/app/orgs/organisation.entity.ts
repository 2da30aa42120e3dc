import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type OrgGroup = 'life' | 'property';

/** An insurer (保险公司), identified by its unified social credit code. */
@Entity({ name: 'organisation' })
@Check('ck_organisation_group', `"org_group" IN ('life', 'property')`)
@Check('ck_organisation_jurisdiction', `"jurisdiction" ~ '^[1-9][0-9]{5}$'`)
export class Organisation {
  @PrimaryColumn({ type: 'char', length: 18 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** `life` (人身险公司) or `property` (财产险公司); "group" is an SQL keyword, hence org_group. */
  @Column({ name: 'org_group', type: 'varchar', length: 16 })
  group!: OrgGroup;

  @Column({ name: 'founded_on', type: 'date' })
  foundedOn!: string;

  /**
   * The insurer's jurisdiction: a 6-digit GB/T 2260 administrative division code (e.g. `110000` 北京市) whose
   * local rule pack, if the catalog version in force has one, applies to its submissions; null = national only.
   */
  @Column({ type: 'varchar', length: 6, nullable: true })
  jurisdiction!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
