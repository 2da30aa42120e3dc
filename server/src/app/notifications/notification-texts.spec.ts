import { NOTIFICATION_TEXTS, renderNotification, type NotificationKind } from './notification-texts';

describe('notification texts', () => {
  const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it.each(Object.keys(NOTIFICATION_TEXTS))(
    '%s has Chinese and English with the same placeholders',
    (kind) => {
      const t = NOTIFICATION_TEXTS[kind as NotificationKind];
      expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(t.en).toMatch(/^[\x20-\x7e]+$/);
      expect(placeholders(t.zh).filter((p) => p !== 'kindZh')).toEqual(
        placeholders(t.en).filter((p) => p !== 'kindEn'),
      );
    },
  );

  it('fills the placeholders in both languages', () => {
    expect(
      renderNotification('case.new', {
        forwardNo: 'JB-1',
        forwardedOn: '2026-02-10',
        deadline: '2026-03-09',
      }),
    ).toEqual({
      zh: '监管转办投诉 JB-1（转办日期 2026-02-10）已转至贵公司，请于 2026-03-09 前办结并完成回访。',
      en: 'Forwarded complaint JB-1 (forwarded on 2026-02-10) was assigned to you: handle it and call the complainant back by 2026-03-09.',
    });
  });

  it('leaves a missing parameter visible rather than inventing one', () => {
    expect(renderNotification('case.overdue', { forwardNo: 'JB-1' }).en).toContain('{deadline}');
  });
});
