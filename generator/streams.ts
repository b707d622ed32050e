// Stream tags for rngFor: one independent random stream per concern, so adding draws to one concern
// never shifts the values of another (changing how names are drawn must not move every order).

export const STREAM = {
  core: 1,
  surname: 2,
  name: 3,
  contact: 4,
  ids: 5,
  address: 6,
  plan: 7,
  event: 8,
  his: 9,
  consent: 10,
  crm: 11,
  household: 12,
  noise: 13,
  anonymous: 14,
  wms: 15,
  ticket: 16,
  usage: 17,
  miniprogram: 18,
  posMember: 19,
  lead: 20,
  b2bShipment: 21,
  refund: 22,
  phone2: 23,
  email: 24,
  wechat: 25,
  docs: 26,
  equipment: 27,
  telemetry: 28,
} as const;

/** Largest population the id spaces (cards, phones, platform ids) are sized for. */
export const MAX_CUSTOMERS = 10_000_000;
