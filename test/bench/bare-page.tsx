// The P4 baseline: the smallest interactive React page, bundled like the app (React 19, production build).
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function Bare() {
  const [n, setN] = useState(0);
  return (
    <main>
      <h1>Bare React page</h1>
      <button id="ready" type="button" onClick={() => setN(n + 1)}>
        Clicked {n} times
      </button>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Bare />);
