import { HttpStatus } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { insufficientStorage, isDeadPartFile, isNoSpace, partFileName } from './upload-receiver';

describe('upload receiver: partial files and a full disk', () => {
  it('names a partial upload after its process, so a dead one can be told from a live one', () => {
    const name = partFileName();
    expect(name).toMatch(new RegExp(`^[0-9a-f-]{36}\\.${process.pid}-[0-9a-f]{8}\\.part$`));
    expect(isDeadPartFile(name)).toBe(false); // this process
    // A process that has exited (its pid is free again, barring reuse within the test).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    expect(isDeadPartFile(name.replace(`.${process.pid}-`, `.${dead}-`))).toBe(true);
    // pid 1 runs: never removed.
    expect(isDeadPartFile(name.replace(`.${process.pid}-`, '.1-'))).toBe(false);
    // Another host's file (same dead pid, other host tag), or an old-style name: left to the age-based clean-up.
    const deadHere = name.replace(`.${process.pid}-`, `.${dead}-`);
    const tag = /-([0-9a-f]{8})\.part$/.exec(name)?.[1] ?? '';
    expect(
      isDeadPartFile(
        deadHere.replace(`-${tag}.part`, `-${tag === 'ffffffff' ? '00000000' : 'ffffffff'}.part`),
      ),
    ).toBe(false);
    expect(isDeadPartFile('0f8fad5b-d9cb-469f-a165-70867728950e.part')).toBe(false);
  });

  it('answers a full disk with 507 and a bilingual message', () => {
    expect(isNoSpace(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(true);
    expect(isNoSpace(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe(true);
    expect(isNoSpace(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(false);
    const e = insufficientStorage();
    expect(e.getStatus()).toBe(HttpStatus.INSUFFICIENT_STORAGE);
    expect(e.getResponse()).toEqual({
      statusCode: 507,
      error: 'Insufficient Storage',
      message: expect.stringMatching(/空间不足.* \/ The server is out of temporary storage/),
    });
  });
});
