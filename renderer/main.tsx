// First: starts the launch's requests before the rest of the code below is evaluated (see app/startup).
import './app/startup';
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles.css';

// zod probes for eval() to speed up parsing; the CSP forbids eval, so say up front not to try.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
