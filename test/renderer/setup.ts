import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetFakeBackend } from './fake-backend';

// Testing Library unmounts automatically only with vitest globals on; this suite imports them explicitly.
afterEach(() => {
  cleanup();
  resetFakeBackend();
});
