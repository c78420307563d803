/** Simulators for one describe block: started on ephemeral ports, stopped (with any CLI child) after each test. */
import {type RunningSimulator, type SimulatorOptions, startSimulator} from '../../src/lib/simulator/index.js';
import {killAll} from './spawn.js';

export function simulatorPool(defaults: SimulatorOptions): {start: (options?: SimulatorOptions) => Promise<RunningSimulator>; stopAll: () => Promise<void>} {
  const running: RunningSimulator[] = [];
  return {
    async start(options = {}) {
      // Fast tests honour ?timeout= (the real test endpoints always dispatch for 25 s).
      const sim = await startSimulator({port: 0, honourTimeout: true, ...defaults, ...options});
      running.push(sim);
      return sim;
    },
    async stopAll() {
      killAll();
      await Promise.all(running.splice(0).map((sim) => sim.stop()));
    },
  };
}
