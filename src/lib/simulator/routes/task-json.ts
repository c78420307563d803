/** TaskSerializer output with the relation fields (parent_task, child_tasks, task_group) filled from Relations. */
import type {Relations} from '../relations.js';
import {TASK_FIELDS, type TaskStore, taskJson} from '../task-store.js';

const RELATION_FIELDS = new Set(['parent_task', 'child_tasks', 'task_group']);

export function relatedTaskJson(store: TaskStore, relations: Relations, row: number, fields: readonly string[]): string {
  if (relations.empty || !fields.some((field) => RELATION_FIELDS.has(field))) return taskJson(store, row, fields);
  let text = '{';
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index];
    let value: string;
    if (field === 'parent_task') {
      const parent = relations.parent(row);
      value = parent === undefined ? 'null' : JSON.stringify(store.href(parent));
    } else if (field === 'child_tasks') value = JSON.stringify(relations.children(row).map((child) => store.href(child)));
    else if (field === 'task_group') {
      const group = relations.group(row);
      value = group === undefined ? 'null' : JSON.stringify(relations.groupHref(group));
    } else value = TASK_FIELDS[field](store, row);
    text += `${index > 0 ? ',' : ''}"${field}":${value}`;
  }
  return `${text}}`;
}
