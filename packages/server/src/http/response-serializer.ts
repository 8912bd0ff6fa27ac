import build from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

/** A response body's own writer, for a schema whose answers are hot enough to deserve one: text, or its UTF-8 bytes. */
export type ResponseWriter = (body: never) => string | Buffer;

/**
 * Writes every response with fast-json-stringify, compiled once per route and status from the JSON
 * Schema of the route's zod response schema (the same conversion that publishes it in OpenAPI), so
 * the wire format and the documentation cannot drift apart. Like zod's own serializer it writes only
 * the properties the schema declares (a stored row's other columns never leak) and refuses a body
 * missing a required one (a 500, not a half answer); unlike it, it does not rebuild and re-check every
 * value first. Why: on the configurator step (a 2 kB answer) zod's encoding pass cost as much as the
 * JSON text itself — about a tenth of the server's time per step — for types the compiler checks.
 *
 * `writers` names the schemas written by a writer of their own (the configurator's answer, see
 * configurator/state-json.ts), which must write what the compiled serializer would; its tests say so.
 */
export function compileResponseSerializers(writers: ReadonlyMap<z.ZodType, ResponseWriter> = new Map()): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) => {
    const own = writers.get(schema);
    // Fastify sends a Buffer from a serializer as it is (reply.js, onSendEnd); its type names text only.
    if (own) return own as unknown as (data: unknown) => string;
    let json: object;
    try {
      json = z.toJSONSchema(schema, { io: 'output', target: 'draft-07' });
    } catch (error) {
      throw new Error(`the response schema of ${method} ${url} has no JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
    }
    return build(json as Parameters<typeof build>[0]);
  };
}

/** Every response through the schema's compiled serializer. */
export const responseSerializerCompiler = compileResponseSerializers();
