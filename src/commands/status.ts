import {Flags} from '@oclif/core';

import {PulpCommand} from '../lib/base-command.js';
import {renderStatus, renderStatusLine} from '../lib/render/status.js';
import {type PulpStatus, summariseStatus, type StatusSummary} from '../lib/status.js';

export interface StatusResult {
  apiRoot: string;
  summary: StatusSummary;
  status: PulpStatus;
}

export default class Status extends PulpCommand<typeof Status> {
  static summary = "Show the Pulp server's versions, online workers and apps, and database connection.";
  static description = 'Reads {api-root}/pulp/api/v3/status/ (no credentials needed). With --json, prints the server answer and a summary.';
  static examples = [
    '<%= config.bin %> <%= command.id %> --api-root https://pulp.example.com',
    '<%= config.bin %> <%= command.id %> --api-root https://mtls.internal.console.stage.redhat.com/api --cert c.pem --key k.pem',
    'PULP_API_ROOT=http://127.0.0.1:24817/api <%= config.bin %> <%= command.id %> --json',
  ];

  static flags = {
    timeout: Flags.integer({min: 1, max: 86_400, default: 15, summary: 'Seconds to wait for the answer (at most a day).'}),
  };

  async run(): Promise<StatusResult> {
    const status = await this.client.status({timeoutMs: this.flags.timeout * 1000});
    const summary = summariseStatus(status);
    if (!this.jsonEnabled()) {
      this.log(await renderStatus(this.connection.urls.apiRoot, summary));
      this.log(renderStatusLine(summary));
    }
    return {apiRoot: this.connection.urls.apiRoot, summary, status};
  }
}
