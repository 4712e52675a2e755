import { lazyChart } from '../../components/lazyChart';

/** The chart itself is in ./AreaChartImpl, loaded on first use (see lazyChart). */
export const AreaChart = lazyChart(() => import('./AreaChartImpl').then((m) => m.AreaChart));
