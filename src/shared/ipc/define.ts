import type { z } from 'zod';

/** One request/response pair on the contract. `doc` is shown in generated docs and tooling. */
export interface RequestDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly doc: string;
  readonly request: Req;
  readonly response: Res;
}

/** One event that main pushes to every connected renderer. */
export interface EventDef<Payload extends z.ZodType = z.ZodType> {
  readonly doc: string;
  readonly payload: Payload;
}

export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(def: RequestDef<Req, Res>): RequestDef<Req, Res> {
  return def;
}

export function defineEvent<Payload extends z.ZodType>(def: EventDef<Payload>): EventDef<Payload> {
  return def;
}
