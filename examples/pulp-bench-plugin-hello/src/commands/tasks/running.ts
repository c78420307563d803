import {Flags, PulpCommand, secondsBetween} from 'pulp-bench';

interface RunningTask {
  name: string;
  started_at: string;
}

export default class TasksRunning extends PulpCommand<typeof TasksRunning> {
  static summary = 'List the tasks running now, oldest first, with how long they have been running.';
  static examples = ['<%= config.bin %> tasks running --api-root https://pulp.example.com --password …', '<%= config.bin %> tasks running --api-root https://host/api --all-domains --json'];
  static requiresCredentials = true;

  static flags = {
    domain: Flags.string({summary: 'The domain whose tasks to list.'}),
    'all-domains': Flags.boolean({summary: "pulp-service's admin list of all domains."}),
    limit: Flags.integer({default: 20, min: 1, summary: 'How many tasks to show.'}),
  };

  async run(): Promise<{count: number; tasks: Array<{name: string; startedAt: string; runningSeconds: number}>}> {
    const page = await this.client.listTasks<RunningTask>(
      {state: 'running', ordering: 'started_at', fields: 'name,started_at', limit: this.flags.limit},
      {domain: this.flags.domain, allDomains: this.flags['all-domains']},
    );
    const now = new Date().toISOString();
    const tasks = page.results.map((task) => ({name: task.name, startedAt: task.started_at, runningSeconds: secondsBetween(task.started_at, now)}));
    this.log(`${page.count} task(s) running`);
    for (const task of tasks) this.log(`  ${task.runningSeconds.toFixed(1).padStart(8)} s  ${task.name}`);
    return {count: page.count, tasks};
  }
}
