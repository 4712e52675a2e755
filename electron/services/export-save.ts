import { basename, dirname } from 'node:path';
import { AppError } from '../../core/common/errors';
import type { saveChannels } from '../../core/transfer/contract';
import { sanitizeFileName } from '../../core/transfer/filename';
import type { Handlers } from './handler-types';
import { writeInside } from './transfer-write';

/**
 * Desktop saving: the renderer cannot download in the app (downloads are blocked), so exports go
 * through the main process's save dialog. electron/main installs the dialog with setSaveDialog;
 * browser mode has none and downloads instead.
 */
export type SaveDialog = (defaultName: string) => Promise<string | null>;
let dialog: SaveDialog | null = null;
export const setSaveDialog = (fn: SaveDialog | null): void => {
  dialog = fn;
};
export const currentSaveDialog = (): SaveDialog | null => dialog;

export const saveHandlers: Handlers<typeof saveChannels> = {
  'export:save': async (_ctx, { fileName, contentBase64 }) => {
    if (!dialog)
      throw new AppError('REFUSED', 'Saving through a dialog is only available in the desktop app; the file is downloaded instead.');
    const chosen = await dialog(sanitizeFileName(fileName, 'export'));
    if (!chosen) return { saved: false, path: null };
    return { saved: true, path: writeInside(dirname(chosen), basename(chosen), Buffer.from(contentBase64, 'base64')) };
  },
};
