import { basename, dirname } from 'node:path';
import { AppError } from '../../core/common/errors';
import type { saveChannels } from '../../core/transfer/contract';
import { sanitizeFileName } from '../../core/transfer/filename';
import type { Handlers } from './handler-types';
import { writeInside } from './transfer-write';

/**
 * Desktop saving: the renderer cannot download in the app (downloads are blocked), so exports go
 * through the main process's save dialog, which electron/main puts on its service context
 * (ctx.saveDialog); browser mode has none and downloads instead.
 */
export type SaveDialog = (defaultName: string) => Promise<string | null>;

export const saveHandlers: Handlers<typeof saveChannels> = {
  'export:save': async (ctx, { fileName, contentBase64 }) => {
    const dialog = ctx.saveDialog;
    if (!dialog)
      throw new AppError('REFUSED', 'Saving through a dialog is only available in the desktop app; the file is downloaded instead.');
    const chosen = await dialog(sanitizeFileName(fileName, 'export'));
    if (!chosen) return { saved: false, path: null };
    return { saved: true, path: writeInside(dirname(chosen), basename(chosen), Buffer.from(contentBase64, 'base64')) };
  },
};
