import { z } from 'zod';

/** Settings of the bulletins, read from the environment and validated once (see pdf/pdf.config.ts). */
const schema = z.object({
  /** The issuing authority printed on the cover and signature of every bulletin. */
  BULLETIN_ISSUER: z.string().trim().min(2).max(100).default('国家金融监督管理总局北京监管局'),
});

export interface BulletinsConfig {
  issuer: string;
}

export const BULLETINS_CONFIG = Symbol('BULLETINS_CONFIG');

export function loadBulletinsConfig(env: NodeJS.ProcessEnv = process.env): BulletinsConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`通报配置无效 / Invalid bulletin configuration:\n${problems}`);
  }
  return { issuer: parsed.data.BULLETIN_ISSUER };
}
