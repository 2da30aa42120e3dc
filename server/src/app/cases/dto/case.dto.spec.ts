import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HandleCaseDto, RegisterCaseDto, SupervisionSampleDto } from './case.dto';

const messages = <T extends object>(cls: new () => T, body: object) =>
  validateSync(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );

describe('request bodies of forwarded complaints', () => {
  const valid = {
    orgCode: '914403007109307395',
    forwardNo: '京金信转〔2026〕0123号',
    forwardedOn: '2026-02-10',
    category: 'claims',
    summary: '理赔款未到账',
  };

  it('accepts a valid registration', () => {
    expect(messages(RegisterCaseDto, valid)).toEqual([]);
  });

  it('gives one bilingual message per bad field and never echoes personal data', () => {
    const errs = messages(RegisterCaseDto, {
      ...valid,
      orgCode: 'abc',
      forwardedOn: '2026-13-01',
      summary: '联系电话 13812345678',
    });
    expect(errs).toHaveLength(3);
    expect(errs.join('\n')).toContain('orgCode 须为18位统一社会信用代码 / orgCode must be');
    expect(errs.join('\n')).toContain('forwardedOn must be a valid YYYY-MM-DD date');
    expect(errs.join('\n')).toContain('summary contains a resident ID number or a mobile number');
    expect(errs.join('\n')).not.toContain('13812345678');
  });

  it('requires every field of the callback form except the note', () => {
    const errs = messages(HandleCaseDto, {});
    expect(errs).toHaveLength(5);
    expect(
      messages(HandleCaseDto, {
        decidedOn: '2026-03-02',
        outcome: 'withdrawn',
        callbackOn: '2026-03-03',
        callbackMethod: 'letter',
        satisfaction: 'unreachable',
      }),
    ).toEqual([]);
  });

  it('checks sample sizes and shares', () => {
    expect(messages(SupervisionSampleDto, { size: 0 })[0]).toContain(
      'size must be an integer from 1 to 1000',
    );
    expect(messages(SupervisionSampleDto, { share: 1.5 })[0]).toContain(
      'share must be a share greater than 0',
    );
    expect(messages(SupervisionSampleDto, { share: 0.1, seed: 'x' })).toEqual([]);
  });
});
