import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { dataSourceOptions } from '../database/data-source-options';

/**
 * A small pool logged in as the schema owner, for the validation worker only. PostgreSQL refuses
 * `COPY … FROM` on tables with row-level security for any role subject to it, and the application pool logs
 * in as `portal_app`; so the worker's transaction runs here, acting as `portal_app` with the 'system'
 * tenant settings for everything but its COPY statements (see `checkSubmission`). Opened on first use, so an
 * API-only process (PROCESS_ROLE=api) never holds an owner connection.
 */
@Injectable()
export class OwnerDb {
  private dataSource: DataSource | null = null;
  private opening: Promise<DataSource> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get(): Promise<DataSource> {
    if (this.dataSource) return Promise.resolve(this.dataSource);
    this.opening ??= new DataSource({
      ...dataSourceOptions(this.config.DATABASE_URL, 2),
      extra: { max: 2, application_name: 'portal-worker' },
    })
      .initialize()
      .then((ds) => (this.dataSource = ds));
    return this.opening;
  }

  /** Closed by the queue after its worker has stopped (a running check still needs the connection). */
  async close(): Promise<void> {
    const ds = this.dataSource ?? (this.opening ? await this.opening.catch(() => null) : null);
    this.dataSource = null;
    this.opening = null;
    if (ds?.isInitialized) await ds.destroy();
  }
}
