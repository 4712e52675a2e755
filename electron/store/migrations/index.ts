import type { Migration } from './types';
import { migration as m001 } from './001-inventory';
import { migration as m002 } from './002-scoring';
import { migration as m003 } from './003-drills';
import { migration as m004 } from './004-grant-identity';
import { migration as m005 } from './005-history';
import { migration as m006 } from './006-assessment-snapshots';
import { migration as m007 } from './007-approvals';
import { migration as m008 } from './008-corrective-actions';
import { migration as m009 } from './009-discovery';
import { migration as m010 } from './010-activity';
import { migration as m011 } from './011-record-versions';
import { migration as m012 } from './012-activity-evidence';
import { migration as m013 } from './013-history-index';

/** Every schema step in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
