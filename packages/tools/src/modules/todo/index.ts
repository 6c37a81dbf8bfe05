import { defineModule } from '../../tool';
import { createTodo } from './create';
import { listTodos } from './list';
import { updateTodo } from './update';
import { completeTodo, reopenTodo } from './status';
import { deleteTodo } from './delete';

/** Todo: tasks with due days, priorities and tags. */
export const todoModule = defineModule({
  id: 'todo',
  title: 'Todo',
  description: 'Tasks to do, with due days, priorities and tags; complete them when done.',
  tools: [createTodo, listTodos, updateTodo, completeTodo, reopenTodo, deleteTodo],
});
