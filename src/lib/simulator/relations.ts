/**
 * Task relations the task table does not store: parent/child tasks (a task dispatched while another runs gets
 * it as `parent_task`, pulpcore/tasking/tasks.py dispatch) and task groups (pulpcore/app/models/task.py
 * TaskGroup). Rows never move, so relations are kept by row; a purged parent reads as null (on_delete=SET_NULL).
 */
import {cryptoWords} from './random.js';
import {DELETED, type TaskStore} from './task-store.js';
import {nowUs} from './timestamps.js';
import {uuid7} from './uuid.js';

export interface TaskGroupRecord {
  id: string;
  description: string;
  domain: number;
  createdUs: number;
  rows: number[];
}

export class Relations {
  private readonly parentOf = new Map<number, number>();
  private readonly childrenOf = new Map<number, number[]>();
  private readonly groupOf = new Map<number, number>();
  readonly groups: TaskGroupRecord[] = [];

  constructor(private readonly store: TaskStore) {}

  get empty(): boolean {
    return this.parentOf.size === 0 && this.groupOf.size === 0;
  }

  addGroup(description: string, domain: number): number {
    const createdUs = nowUs();
    const words = cryptoWords(3);
    this.groups.push({id: uuid7(Math.floor(createdUs / 1000), words[0], words[1], words[2]), description, domain, createdUs, rows: []});
    return this.groups.length - 1;
  }

  link(row: number, relation: {parent?: number; group?: number}): void {
    if (relation.parent !== undefined) {
      this.parentOf.set(row, relation.parent);
      this.childrenOf.set(relation.parent, [...(this.childrenOf.get(relation.parent) ?? []), row]);
    }
    if (relation.group !== undefined) {
      this.groupOf.set(row, relation.group);
      this.groups[relation.group].rows.push(row);
    }
  }

  parent(row: number): number | undefined {
    const parent = this.parentOf.get(row);
    return parent === undefined || this.store.state[parent] === DELETED ? undefined : parent;
  }

  children(row: number): number[] {
    return (this.childrenOf.get(row) ?? []).filter((child) => this.store.state[child] !== DELETED);
  }

  group(row: number): number | undefined {
    return this.groupOf.get(row);
  }

  groupIndex(id: string): number {
    return this.groups.findIndex((group) => group.id === id.toLowerCase());
  }

  groupHref(index: number): string {
    const group = this.groups[index];
    return `${this.store.domains[group.domain].prefix}task-groups/${group.id}/`;
  }
}
