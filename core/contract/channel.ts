import type { z } from 'zod';

/** One request/response pair of the contract. Both sides are zod schemas: the request is parsed at every door. */
export type ChannelDef = { request: z.ZodType; response: z.ZodType };

export type ChannelName = `${string}:${string}`;

/** Identity helper that keeps literal channel names and schema types. */
export const defineChannels = <T extends Record<ChannelName, ChannelDef>>(channels: T): T => channels;

export type RequestOf<C extends ChannelDef> = z.input<C['request']>;
export type ParsedRequestOf<C extends ChannelDef> = z.output<C['request']>;
export type ResponseOf<C extends ChannelDef> = z.output<C['response']>;
