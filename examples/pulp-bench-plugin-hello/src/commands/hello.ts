import {Flags, PulpCommand} from 'pulp-bench';

export default class Hello extends PulpCommand<typeof Hello> {
  static summary = 'Say hello, and show the Pulp API root this command was given through the global flags.';
  static examples = ['<%= config.bin %> <%= command.id %> --name Pulp --api-root https://pulp.example.com'];

  static flags = {
    name: Flags.string({default: 'World', summary: 'Who to greet.'}),
  };

  async run(): Promise<void> {
    this.log(`Hello, ${this.flags.name}!`);
    this.log(`API root: ${this.connection.urls.apiRoot}`);
  }
}
