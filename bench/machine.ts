import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** Where the figures come from: they mean little without the machine, or with a busy one. */
export function machineInfo() {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    nodeVersion: process.version,
    totalMemoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
