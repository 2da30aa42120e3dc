import type { INestApplication } from '@nestjs/common';

/** Every API route the running application serves, as 'METHOD /api/path' (Express 5 router table). */
export function routeTable(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  const routes = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${layer.route.path}`);
    }
  }
  // '{*path}' entries are middleware mounts (request logging), not routes.
  return [...routes]
    .filter((r) => r.split(' ')[1].startsWith('/api/') && !r.includes('/api/docs') && !r.includes('{*'))
    .sort();
}
