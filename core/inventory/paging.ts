import { z } from 'zod';
import { Id } from '../common/schemas';
import { LIFECYCLES } from './model';
import { RISK_LEVELS } from './risk';

/**
 * Paging and server-side filtering of the inventory's lists (issue 16 §2): at 100k agents neither the
 * overview's agents nor a matrix environment's cells are sent whole. One page is asked for at a time.
 */
export const AGENT_SORTS = ['name', 'lifecycle', 'owner', 'grants', 'risk'] as const;
export type AgentSort = (typeof AGENT_SORTS)[number];

/** Far past any real inventory; bounds the offset so a hostile request cannot ask for a silly number. */
const MAX_OFFSET = 10_000_000;
export const MAX_OVERVIEW_PAGE = 1000;
export const MAX_MATRIX_PAGE = 500;

const Offset = z.number().int('Must be a whole number').min(0, 'Must be 0 or more').max(MAX_OFFSET, `At most ${MAX_OFFSET}`).default(0);
const Text = z.string().trim().max(200, 'At most 200 characters').default('');

/** What the overview's agents page is asked with; every field has a default, so `{ workspaceId }` is the first page by name. */
export const OverviewQuery = z.object({
  offset: Offset,
  /** 0 asks for the counts and the small lists only (workflows, systems, environments), no agents. */
  limit: z
    .number()
    .int('Must be a whole number')
    .min(0, 'Must be 0 or more')
    .max(MAX_OVERVIEW_PAGE, `At most ${MAX_OVERVIEW_PAGE} agents a page`)
    .default(MAX_OVERVIEW_PAGE),
  /** Case-insensitive substring of the name, owner, purpose, vendor/model or technical operator. */
  q: Text,
  workflowId: Id.optional(),
  /** Agents holding at least one grant in this environment. */
  environmentId: Id.optional(),
  lifecycle: z.enum(LIFECYCLES).optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  sort: z.enum(AGENT_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type OverviewQuery = z.output<typeof OverviewQuery>;

/** The page of the overview: where it starts, how many matched the filters and how many agents there are in all. */
export const OverviewPage = z.object({
  offset: z.number().int(),
  limit: z.number().int(),
  matched: z.number().int(),
  agentTotal: z.number().int(),
});

export const MatrixQuery = z.object({
  environmentId: Id,
  workflowId: Id.optional(),
  /** Case-insensitive substring of the agent's name. */
  q: Text,
  /** Only agents (and systems) with a high or critical cell. */
  onlyRisky: z.boolean().default(false),
  offset: Offset,
  limit: z
    .number()
    .int('Must be a whole number')
    .min(1, 'At least 1')
    .max(MAX_MATRIX_PAGE, `At most ${MAX_MATRIX_PAGE} agents a page`)
    .default(100),
});
export type MatrixQuery = z.output<typeof MatrixQuery>;
