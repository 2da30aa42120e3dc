import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A published version of the rule catalog: the overrides (rules switched off, parameters changed) applied
 * to the catalog that ships with the reporting-standard library. Published versions never change.
 */
@Entity({ name: 'rule_catalog_version' })
export class RuleCatalogVersion {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  overrides!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;

  @Column({ name: 'published_by', type: 'varchar', length: 64, nullable: true })
  publishedBy!: string | null;
}
