// The full hidden person: names, phones, emails, addresses and every identifier a source system may
// hold. Each concern draws from its own stream, and every identifier that must be unique (phones,
// cards, platform ids, QQ numbers) is a bijection of the person index, so collisions never happen by
// chance; the only shared identifiers are the deliberate ones (household phones, generic mailboxes).

import type { GenContext } from './context.ts';
import { personId } from './context.ts';
import { isoDateOfEpochDay } from './calendar.ts';
import type { Address, PersonName } from './person-fields.ts';
import { addressIn, emailOf, nameOf, nickname } from './person-fields.ts';
import { mobileFor } from './phones.ts';
import { cityAt } from './places.ts';
import type { PersonCore } from './population.ts';
import { personCore } from './population.ts';
import { permute, rngFor } from './random.ts';
import { makeResidentId } from './resident-id.ts';
import { MAX_CUSTOMERS, STREAM } from './streams.ts';

export type { Address, PersonName } from './person-fields.ts';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789ABCDEF';
// OpenIDs of one app share a short prefix, as WeChat's do.
const MINI_PREFIX = 'oZk3_';
const SHOP_PREFIX = 'o9Tq2';

interface Docs {
  residentId: string;
  passport: string;
  insuranceNo: string;
}

interface Wechat {
  unionId: string;
  unionId2: string;
  openId: string;
  openId2: string;
  shop: string;
  nick: string;
}

interface Shop {
  ids: string[];
  nicks: string[];
  device: string;
}

/** Every attribute of one person; each group of fields is built on first use from its own stream. */
export class Person {
  // Lazily built field groups (undefined until first use).
  private cName: PersonName | undefined;
  private cBirth: string | undefined;
  private cPhone: string | undefined;
  private cPhone2: string | undefined;
  private cEmail: string | undefined;
  private cWorkEmail: string | undefined;
  private cAddresses: [Address, Address] | undefined;
  private cDocs: Docs | undefined;
  private cWechat: Wechat | undefined;
  private cCards: string[] | undefined;
  private cShop: Shop | undefined;

  constructor(
    private readonly ctx: GenContext,
    readonly core: PersonCore,
  ) {}

  get id(): string {
    return personId(this.ctx, this.core.index);
  }

  get name(): PersonName {
    return (this.cName ??= nameOf(this.ctx, this.core));
  }

  get birthDate(): string {
    return (this.cBirth ??= isoDateOfEpochDay(this.core.birthEpochDay));
  }

  /** The person's mobile (a household member uses the head's). */
  get phone(): string {
    return (this.cPhone ??= this.buildPhone());
  }

  /** A second mobile some records use, or ''. */
  get phone2(): string {
    if (!this.core.twoPhones) return '';
    return (this.cPhone2 ??= mobileFor(
      rngFor(this.ctx.seed, STREAM.phone2, this.core.index),
      this.core.index + MAX_CUSTOMERS,
    ));
  }

  get email(): string {
    if (!this.core.hasEmail) return '';
    return (this.cEmail ??= emailOf(
      rngFor(this.ctx.seed, STREAM.email, this.core.index),
      this.core,
      this.name,
      this.phone,
    ));
  }

  /** Work mailbox at the person's B2B account, or ''. */
  get workEmail(): string {
    const account = this.core.account >= 0 ? this.ctx.accounts[this.core.account] : undefined;
    if (!account) return '';
    return (this.cWorkEmail ??= this.buildWorkEmail(account.domain));
  }

  private get addresses(): [Address, Address] {
    return (this.cAddresses ??= this.buildAddresses());
  }

  get address(): Address {
    return this.addresses[0];
  }

  /** Address after moving (equal to address when the person never moved). */
  get laterAddress(): Address {
    return this.addresses[1];
  }

  private get docs(): Docs {
    return (this.cDocs ??= this.buildDocs());
  }

  /** 18-digit PRC resident ID ('' for foreigners). */
  get residentId(): string {
    return this.docs.residentId;
  }

  get passport(): string {
    return this.docs.passport;
  }

  get insuranceNo(): string {
    return this.docs.insuranceNo;
  }

  private get wechat(): Wechat {
    return (this.cWechat ??= this.buildWechat());
  }

  /** WeChat UnionID across the brand's apps. */
  get unionId(): string {
    return this.wechat.unionId;
  }

  /** UnionID of a second WeChat account ('' unless the person signed up twice). */
  get unionId2(): string {
    return this.wechat.unionId2;
  }

  get miniOpenId(): string {
    return this.wechat.openId;
  }

  get miniOpenId2(): string {
    return this.wechat.openId2;
  }

  /** OpenID in the online shop's own mini-program (another app, so another OpenID; same UnionID). */
  get shopOpenId(): string {
    return this.wechat.shop;
  }

  get wechatNickname(): string {
    return this.wechat.nick;
  }

  /** POS member cards (two when the person registered twice). */
  get memberCards(): string[] {
    return (this.cCards ??= this.buildCards());
  }

  private get shop(): Shop {
    return (this.cShop ??= this.buildShop());
  }

  /** Online shop account ids (two for the few with a second account). */
  get platformUserIds(): string[] {
    return this.shop.ids;
  }

  get buyerNicks(): string[] {
    return this.shop.nicks;
  }

  /** App device id, or ''. */
  get deviceId(): string {
    return this.shop.device;
  }

  private buildPhone(): string {
    const head = this.core.householdHead >= 0 ? this.core.householdHead : this.core.index;
    return mobileFor(rngFor(this.ctx.seed, STREAM.contact, head), head);
  }

  private buildWorkEmail(domain: string): string {
    const { name, core } = this;
    const initials =
      core.style === 'foreign' ? name.given.toLowerCase() : name.givenPinyin.map((s) => s[0]).join('');
    const local = `${(name.familyPinyin || name.family).toLowerCase()}${initials}${permute(core.index, 10_000, 7_777, 123)}`;
    return `${local}@${domain}`;
  }

  private buildAddresses(): [Address, Address] {
    const { core } = this;
    const head = core.householdHead >= 0 ? core.householdHead : core.index;
    const rng = rngFor(this.ctx.seed, STREAM.address, head);
    const home = addressIn(rng, core.cityIndex, core.districtIndex);
    const later =
      core.moveDay >= 0
        ? addressIn(rngFor(this.ctx.seed, STREAM.address, core.index, 1), core.moveCityIndex, rng.int(8))
        : home;
    return [home, later];
  }

  private buildDocs(): Docs {
    const { core } = this;
    const i = core.index;
    const rng = rngFor(this.ctx.seed, STREAM.docs, i);
    const region = cityAt(core.birthCityIndex).districts[core.birthDistrictIndex]?.[1] ?? '110101';
    const cityCode = (cityAt(core.cityIndex).districts[0]?.[1] ?? '110101').slice(0, 4);
    const foreign = core.style === 'foreign';
    return {
      residentId: foreign ? '' : makeResidentId(region, this.birthDate, rng.int(500), core.male),
      passport: foreign ? `P${String(permute(i, 100_000_000, 9_191_919, 77)).padStart(8, '0')}` : '',
      insuranceNo:
        !foreign && rng.chance(0.75)
          ? `${cityCode}${String(permute(i, 100_000_000, 3_131_313, 999)).padStart(8, '0')}`
          : '',
    };
  }

  private buildWechat(): Wechat {
    const rng = rngFor(this.ctx.seed, STREAM.wechat, this.core.index);
    const dup = this.core.miniDuplicate;
    return {
      unionId: `o${rng.chars(B64URL, 27)}`,
      unionId2: dup ? `o${rng.chars(B64URL, 27)}` : '',
      openId: MINI_PREFIX + rng.chars(B64URL, 23),
      openId2: dup ? MINI_PREFIX + rng.chars(B64URL, 23) : '',
      shop: SHOP_PREFIX + rng.chars(B64URL, 23),
      nick: rng.chance(0.3)
        ? this.name.english || this.name.given
        : nickname(rng, this.name, this.birthDate.slice(0, 4)),
    };
  }

  private buildCards(): string[] {
    const i = this.core.index;
    const card = (x: number) =>
      `6688${String(permute(x, 100_000_000, 7_313_131, 4_242_424)).padStart(8, '0')}`;
    return this.core.posDuplicate ? [card(i), card(i + MAX_CUSTOMERS)] : [card(i)];
  }

  private buildShop(): Shop {
    const i = this.core.index;
    const rng = rngFor(this.ctx.seed, STREAM.ids, i);
    const year = this.birthDate.slice(0, 4);
    const id = (x: number) => String(2_200_000_000 + permute(x, 1_000_000_000, 48_271_009, 5_000_011));
    const second = this.core.ecomSecondAccount;
    return {
      ids: second ? [id(i), id(i + MAX_CUSTOMERS)] : [id(i)],
      nicks: second
        ? [nickname(rng, this.name, year), nickname(rng, this.name, year)]
        : [nickname(rng, this.name, year)],
      device: this.core.hasDevice ? [8, 4, 4, 4, 12].map((len) => rng.chars(HEX, len)).join('-') : '',
    };
  }
}

/** Builds person i's attributes lazily from its core. */
export function makePerson(ctx: GenContext, core: PersonCore): Person {
  return new Person(ctx, core);
}

/** Full person i (core included). */
export function personAt(ctx: GenContext, i: number): Person {
  return makePerson(ctx, personCore(ctx, i));
}
