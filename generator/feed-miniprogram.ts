// miniprogram/members.ndjson: members of the brand's WeChat mini-program, as its backend stores them
// (union_id is missing when the app was not bound to the open platform at sign-up; the phone is there
// only if the user authorised it; since WeChat stopped sharing profiles, many nicknames are the default
// '微信用户' with gender 0). A few persons signed up twice from a second WeChat account.

import { noisyBirth, noisyPhone, NOISE } from './noise.ts';
import type { Person } from './person.ts';
import { rngFor } from './random.ts';
import { posSecond } from './seasonality.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import type { LineSink } from './writer.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface ConsentFlags {
  sms: boolean;
  wechat: boolean;
  email: boolean;
  push: boolean;
}

export interface MiniRegistration {
  openId: string;
  /** '' when the mini-program was not yet bound to the open platform. */
  unionId: string;
  /** The authorised phone, or '' when the user declined. */
  phone: string;
  t: number;
  consent: ConsentFlags;
}

/** The person's mini-program sign-ups (shared with the consent feed, which logs their opt-ins). */
export function miniRegistrations(world: World, p: Person): MiniRegistration[] {
  if (!p.core.mini) return [];
  const { ctx } = world;
  const days = ctx.cal.days;
  const rng = rngFor(ctx.seed, STREAM.miniprogram, p.core.index);
  const make = (openId: string, unionId: string, day: number, phoneRate: number): MiniRegistration => {
    const phone = rng.chance(phoneRate) ? p.phone : '';
    return {
      openId,
      unionId: rng.chance(0.9) ? unionId : '',
      phone,
      t: day * 86_400 + posSecond(rng),
      consent: {
        sms: phone !== '' && rng.chance(0.55),
        wechat: rng.chance(0.7),
        email: p.email !== '' && rng.chance(0.3),
        push: rng.chance(0.5),
      },
    };
  };
  const first = make(p.miniOpenId, p.unionId, Math.min(days - 1, p.core.acqDay + rng.int(20)), 0.65);
  if (!p.core.miniDuplicate) return [first];
  const later = Math.min(days - 1, Math.floor(first.t / 86_400) + 1 + rng.int(days));
  return [first, make(p.miniOpenId2, p.unionId2, later, 0.9)];
}

/** Writes miniprogram/members.ndjson during the person pass. */
export class MiniProgramFeed {
  private constructor(
    private readonly world: World,
    private readonly sink: LineSink,
  ) {}

  static open(world: World): MiniProgramFeed {
    return new MiniProgramFeed(world, world.output.open('miniprogram/members.ndjson', 'miniprogram'));
  }

  /** One line per sign-up. */
  onPerson(p: Person): void {
    const { ctx, gt, counts } = this.world;
    miniRegistrations(this.world, p).forEach((reg, k) => {
      const rng = rngFor(ctx.seed, STREAM.noise, p.core.index, 0x200 + k);
      const anonymous = rng.chance(0.25);
      const record = {
        union_id: reg.unionId || null,
        open_id: reg.openId,
        phone: reg.phone ? noisyPhone(rng, reg.phone, NOISE.miniprogram) : null,
        nickname: anonymous
          ? '微信用户'
          : k === 0
            ? p.wechatNickname
            : `${p.wechatNickname}${rng.between(1, 99)}`,
        avatar_url: `https://thirdwx.qlogo.cn/mmopen/vi_32/${rng.chars(B64, 43)}/132`,
        gender: anonymous ? 0 : p.core.male ? 1 : 2,
        birthday: rng.chance(0.5) ? noisyBirth(rng, p.birthDate, NOISE.miniprogram) : null,
        registered_at: ctx.cal.iso(reg.t),
        consent: reg.consent,
      };
      this.sink.line(JSON.stringify(record));
      gt.add('miniprogram', `miniprogram:${reg.openId}`, p.core.index);
      counts.add('miniprogram', 'members');
    });
  }

  drain(): Promise<void> {
    return this.sink.drain();
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}
