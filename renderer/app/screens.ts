/**
 * Screens that load on first use but are fetched ahead once the first screen is up (the inventory is the
 * usual second screen). Their code brings zod and the inventory's schemas, which the dashboard does not need.
 */
import { lazy, type ComponentType } from 'react';

type Loaded<P> = { default: ComponentType<P> };

/**
 * A lazy screen whose code can be fetched ahead. Once fetched, it renders at once: React.lazy would otherwise
 * suspend on its first render even for code already loaded, and Suspense holds a revealed screen back for up
 * to 300 ms after its fallback was shown.
 */
function preloadable<M, P extends object>(load: () => Promise<M>, pick: (m: M) => ComponentType<P>) {
  let mod: M | undefined;
  let pending: Promise<M> | undefined;
  const preload = (): Promise<M> =>
    (pending ??= load().then(
      (m) => (mod = m),
      (err: unknown) => {
        pending = undefined; // a later visit tries again
        throw err;
      },
    ));
  const Component = lazy<ComponentType<P>>(() => {
    if (mod) {
      const value: Loaded<P> = { default: pick(mod) };
      // A thenable that answers synchronously: React.lazy reads it as already resolved.
      return { then: (resolve: (v: Loaded<P>) => void) => resolve(value) } as unknown as Promise<Loaded<P>>;
    }
    return preload().then((m) => ({ default: pick(m) }));
  });
  return { Component, preload };
}

const inventory = preloadable(
  () => import('../features/inventory/InventoryScreen'),
  (m) => m.InventoryScreen,
);
const agent = preloadable(
  () => import('../features/inventory/AgentDetail'),
  (m) => m.AgentDetail,
);
const matrix = preloadable(
  () => import('../features/inventory/MatrixScreen'),
  (m) => m.MatrixScreen,
);

export const InventoryScreen = inventory.Component;
export const AgentDetail = agent.Component;
export const MatrixScreen = matrix.Component;

/** Fetches the inventory screens' code (called once the first screen has painted, and again later by App). */
export function preloadScreens(): void {
  for (const s of [inventory, agent, matrix]) void s.preload().catch(() => undefined);
}
