import type { z } from 'zod';
import type { ChannelDef } from '../../core/contract/channel';
import type { ServiceContext } from './context';

/** A handler receives the parsed request and returns (or resolves to) the response. */
export type Handler<C extends ChannelDef> = (
  ctx: ServiceContext,
  input: z.output<C['request']>,
) => z.input<C['response']> | Promise<z.input<C['response']>>;

export type Handlers<T extends Record<string, ChannelDef>> = { [K in keyof T]: Handler<T[K]> };
