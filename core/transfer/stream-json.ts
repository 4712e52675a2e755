import { ImportRefused } from './safe-parse';

/**
 * A bounded streaming reader for an inventory document too large to hold whole: `{ "key": scalar
 * or [ {entry}, ... ], ... }`. It never keeps more than one entry's text: each list entry is cut
 * out as it completes and handed to JSON.parse on its own, so memory is bounded by the largest
 * entry (`maxEntry` characters), not by the file.
 */
export type StreamItem = { kind: 'scalar'; key: string; value: unknown } | { kind: 'entry'; key: string; index: number; value: unknown };

const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);

export async function* streamDocument(chunks: AsyncIterable<string>, maxEntry = 64 * 1024): AsyncGenerator<StreamItem> {
  // States: before the object, expecting a key, after a key (colon), a value, inside a list.
  let state: 'start' | 'key' | 'colon' | 'value' | 'list' | 'after' | 'end' = 'start';
  let key = '';
  let index = 0;
  let buf = ''; // the text of the key, scalar or entry being read
  let depth = 0;
  let inString = false;
  let escape = false;
  let collecting = false;
  let first = true;
  const refuse = (msg: string): never => {
    throw new ImportRefused(msg);
  };
  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\ufeff/, '');
      first = false;
    }
    let from = 0; // start of the part of this chunk that belongs to buf
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (collecting) {
        if (inString) {
          if (escape) escape = false;
          else if (c === 92) escape = true;
          else if (c === 34) inString = false;
          if (!inString && depth === 0 && (state === 'key' || state === 'value')) {
            // a key, or a string scalar, is complete
            const text = buf + chunk.slice(from, i + 1);
            buf = '';
            collecting = false;
            if (state === 'key') {
              key = JSON.parse(text) as string;
              state = 'colon';
            } else {
              yield { kind: 'scalar', key, value: JSON.parse(text) };
              state = 'after';
            }
          }
          continue;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          depth--;
          if (depth === 0 && state === 'list') {
            const text = buf + chunk.slice(from, i + 1);
            buf = '';
            collecting = false;
            if (text.length > maxEntry) refuse(`Entry ${index} of "${key.slice(0, 60)}" is too large (more than ${maxEntry} characters).`);
            yield { kind: 'entry', key, index: index++, value: JSON.parse(text) };
            state = 'list';
            continue;
          }
        } else if (depth === 0 && state === 'value' && (c === 44 || c === 125 || WS.has(c))) {
          // end of a bare scalar (number, true, false, null)
          const text = (buf + chunk.slice(from, i)).trim();
          buf = '';
          collecting = false;
          yield { kind: 'scalar', key, value: JSON.parse(text) };
          state = 'after';
          i--; // re-read the delimiter
          continue;
        }
        continue;
      }
      if (WS.has(c)) continue;
      const start = (s: typeof state, d: number, str: boolean) => {
        collecting = true;
        state = s;
        depth = d;
        inString = str;
        escape = false;
        from = i;
        buf = '';
      };
      if (state === 'start') {
        if (c === 91) refuse('Expected an object with lists named agents, systems, environments, workflows or grants; found a bare list.');
        if (c !== 123) refuse('The file is not valid JSON.');
        state = 'key';
      } else if (state === 'key') {
        if (c === 125) state = 'end';
        else if (c === 34) start('key', 0, true);
        else refuse('The file is not valid JSON.');
      } else if (state === 'colon') {
        if (c !== 58) refuse('The file is not valid JSON.');
        state = 'value';
      } else if (state === 'value') {
        if (c === 91) {
          state = 'list';
          index = 0;
        } else if (c === 123) refuse(`"${key.slice(0, 60)}" must be a list.`);
        else if (c === 34) start('value', 0, true);
        else start('value', 0, false);
      } else if (state === 'list') {
        if (c === 93) state = 'after';
        else if (c === 44 && index > 0) continue;
        else if (c === 123 || c === 91) start('list', 1, false);
        else refuse(`Each entry of "${key.slice(0, 60)}" must be an object (entry ${index} is not).`);
      } else if (state === 'after') {
        if (c === 44) state = 'key';
        else if (c === 125) state = 'end';
        else refuse('The file is not valid JSON.');
      } else refuse('The file has text after the end of the document.');
    }
    if (collecting) {
      buf += chunk.slice(from);
      // Checked once per chunk: an entry may hold at most maxEntry characters plus one chunk in memory.
      if (buf.length > maxEntry) refuse(`Entry ${index} of "${key.slice(0, 60)}" is too large (more than ${maxEntry} characters).`);
    }
  }
  if (state !== 'end') refuse('The file ends before the document does.');
}
