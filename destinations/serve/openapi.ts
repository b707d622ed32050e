import { FIELDS } from '../config.ts';

const error = {
  description: 'A JSON error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const segmentName = {
  name: 'name',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
};

/** The OpenAPI 3.1 description of the pull API, served at /v1/openapi.json. */
export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'cdp pull API',
    version: '1',
    description:
      "Consent-safe segment members for pull destinations (docs/destinations.md). Each token belongs to one destination and reads only its segments; members pass the destination's purpose and channel consent as of the request, its suppression lists and its holdout. Everything served is recorded in ops.export_log.",
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error', 'message'],
        properties: { error: { type: 'string' }, message: { type: 'string' } },
      },
      Person: {
        type: 'object',
        required: ['customer_id'],
        description: "customer_id and the destination's configured fields.",
        properties: Object.fromEntries(FIELDS.map((f) => [f, { type: ['string', 'null'] }])),
      },
      Segment: {
        type: 'object',
        required: ['name', 'as_of', 'members', 'updated_at'],
        properties: {
          name: { type: 'string' },
          as_of: {
            type: ['string', 'null'],
            format: 'date',
            description: 'Day of the latest run; null before the first.',
          },
          members: {
            type: ['integer', 'null'],
            description: 'Members at that run, before consent and holdout.',
          },
          updated_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/v1/segments': {
      get: {
        summary: "The segments this token's destination may read",
        responses: {
          '200': {
            description: 'Segments with member counts and last as_of',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    destination: { type: 'string' },
                    segments: { type: 'array', items: { $ref: '#/components/schemas/Segment' } },
                  },
                },
              },
            },
          },
          '401': error,
        },
      },
    },
    '/v1/segments/{name}/members': {
      get: {
        summary: 'Current eligible members, or with `since` the adds and removes since then',
        parameters: [
          segmentName,
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
          },
          {
            name: 'cursor',
            in: 'query',
            description: 'next_cursor of the previous page (with deltas, pass the same since too).',
            schema: { type: 'string' },
          },
          {
            name: 'since',
            in: 'query',
            description:
              'An ISO timestamp with a zone, or changes_cursor of an earlier pull: answer with what changed after it.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description:
              'Without since: members ordered by customer_id. With since: changes (action add or remove) ordered by customer_id. next_cursor is null on the last page; changes_cursor is the since of the next delta pull.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['destination', 'segment', 'next_cursor'],
                  properties: {
                    destination: { type: 'string' },
                    segment: { type: 'string' },
                    as_of: { type: 'string', format: 'date' },
                    fields: { type: 'array', items: { type: 'string' } },
                    members: { type: 'array', items: { $ref: '#/components/schemas/Person' } },
                    changes: {
                      type: 'array',
                      items: {
                        allOf: [
                          { $ref: '#/components/schemas/Person' },
                          {
                            type: 'object',
                            required: ['action'],
                            properties: {
                              action: { enum: ['add', 'remove'] },
                              reason: { type: ['string', 'null'] },
                            },
                          },
                        ],
                      },
                    },
                    since: { type: 'string', format: 'date-time' },
                    until: { type: 'string', format: 'date-time' },
                    next_cursor: { type: ['string', 'null'] },
                    changes_cursor: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
          '400': error,
          '401': error,
          '404': error,
          '409': error,
        },
      },
    },
    '/v1/openapi.json': {
      get: {
        summary: 'This description',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } },
      },
    },
  },
} as const;
