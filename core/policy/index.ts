/** Policy as code (issue 12, section 7): parse a team's YAML policy with positioned errors, and judge a workspace by it. Pure. */
export { parsePolicy, POLICY_MAX_CHARS } from './parse';
export { evaluatePolicy, type PolicyInput, type PolicyResult } from './evaluate';
export { Policy, PolicyRule, AGENT_FIELDS, FORBIDDEN, type PolicyError, type Violation } from './schema';
export { EXAMPLE_POLICY } from './example';
