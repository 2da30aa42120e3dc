import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One year's holiday schedule (放假调休安排) loaded by a regulator admin as data, without a deploy.
 * A row here takes precedence over the schedule of the same year bundled with @portal/calendar.
 * `revision` goes up with every replacement, so every API process can tell cheaply that its copy is stale.
 */
@Entity({ name: 'calendar_schedule' })
@Check('ck_calendar_schedule_year', `"year" BETWEEN 1900 AND 9999`)
export class CalendarSchedule {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_calendar_schedule' })
  year!: number;

  /** 'YYYY-MM-DD' days off, sorted. */
  @Column({ type: 'jsonb' })
  holidays!: string[];

  /** 'YYYY-MM-DD' weekend days that are working days (调休补班), sorted. */
  @Column({ name: 'makeup_workdays', type: 'jsonb' })
  makeupWorkdays!: string[];

  /** The notice the data comes from, e.g. 国办发明电〔2026〕X号. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ name: 'loaded_at', type: 'timestamptz', default: () => 'now()' })
  loadedAt!: Date;

  @Column({ name: 'loaded_by', type: 'varchar', length: 64 })
  loadedBy!: string;
}
