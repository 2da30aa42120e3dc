import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type OrgGroup = 'life' | 'property';

/** An insurer (保险公司), identified by its unified social credit code. */
@Entity({ name: 'organisation' })
@Check('ck_organisation_group', `"org_group" IN ('life', 'property')`)
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
