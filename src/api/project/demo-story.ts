/** One step of `flash demo`: a flash command, a git command, a file written, or SQL on the current branch's database. */
export interface DemoStep {
  title: string;
  /** a flash command (argv after `flash`) */
  run?: string[];
  git?: string[];
  write?: { file: string; content: string };
  /** SQL run on the current branch's dev database (the one `flash url` prints); rows are printed */
  sql?: string;
  /** exit code the step must end with */
  expect?: number;
}

const users = (extra = '') => `CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL UNIQUE,\n  name TEXT${extra}\n);\n`;
const commit = (message: string): DemoStep[] => [
  { title: '', git: ['add', '-A'] },
  { title: '', git: ['commit', '-qm', message] },
];

/**
 * The story `flash demo` tells on embedded SQLite, every step a real command in a temp git repo:
 * migrate/apply, a branch with its own database, data surviving plain `git checkout` both ways
 * through the hooks, a clean three-way merge of two branches' migrations, a conflict caught by
 * `flash check --format github` and `flash merge` with its code, and its resolution.
 */
export const DEMO_STEPS: DemoStep[] = [
  { title: 'Start a git repository and a Flash project on SQLite', git: ['init', '-q', '-b', 'main'] },
  { title: '', run: ['init', '--sqlite'] },
  { title: 'Describe the schema you want in db/schema/*.sql', write: { file: 'db/schema/users.sql', content: users() } },
  {
    title: 'Generate the first migration (db/schema applied to an in-memory shadow, then diffed) and apply it',
    run: ['migrate', 'create users'],
  },
  { title: '', run: ['apply'] },
  { title: 'Install the git hooks: from now on each branch has its own database', run: ['hooks', 'install'] },
  ...commit('users'),
  { title: 'Some data in main’s database', sql: "INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada')" },
  { title: '`flash branch` creates a git branch, switches to it, and gives it a copy of the database', run: ['branch', 'feature'] },
  {
    title: 'On feature: a posts table and a bio column',
    write: {
      file: 'db/schema/posts.sql',
      content:
        'CREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users(id),\n  title TEXT NOT NULL\n);\n',
    },
  },
  { title: '', write: { file: 'db/schema/users.sql', content: users(',\n  bio TEXT') } },
  { title: '', run: ['migrate', 'posts and bio'] },
  { title: '', run: ['apply'] },
  { title: '', sql: "INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'Hello from feature')" },
  ...commit('posts and bio'),
  {
    title: 'Plain `git checkout main`: the hook switches to main’s database (no posts, no bio, Ada still there)',
    git: ['checkout', 'main'],
  },
  { title: '', sql: 'SELECT * FROM users' },
  { title: '`git checkout feature` and back: feature’s data survived', git: ['checkout', 'feature'] },
  { title: '', sql: 'SELECT * FROM posts' },
  { title: 'Meanwhile another branch from main adds tags', git: ['checkout', 'main'] },
  { title: '', run: ['branch', 'tags'] },
  {
    title: '',
    write: { file: 'db/schema/tags.sql', content: 'CREATE TABLE tags (\n  id INTEGER PRIMARY KEY,\n  label TEXT NOT NULL UNIQUE\n);\n' },
  },
  { title: '', run: ['migrate', 'tags'] },
  ...commit('tags'),
  { title: 'Merge both into main: a three-way schema merge re-chains tags’ migration after feature’s', git: ['checkout', 'main'] },
  { title: '', run: ['merge', 'feature'] },
  { title: '', run: ['merge', 'tags'] },
  { title: '', run: ['apply'] },
  { title: 'Two branches add users.nickname with different types', run: ['branch', 'nick-text'] },
  { title: '', write: { file: 'db/schema/users.sql', content: users(',\n  bio TEXT,\n  nickname TEXT') } },
  // Distinct names: two branches that each write `<same second>_nickname.sql` would collide as files in git.
  { title: '', run: ['migrate', 'nickname text'] },
  ...commit('nickname as text'),
  { title: '', git: ['checkout', 'main'] },
  { title: '', run: ['branch', 'nick-int'] },
  { title: '', write: { file: 'db/schema/users.sql', content: users(',\n  bio TEXT,\n  nickname INTEGER NOT NULL DEFAULT 0') } },
  { title: '', run: ['migrate', 'nickname int'] },
  ...commit('nickname as integer'),
  { title: 'nick-text is merged first', git: ['checkout', 'main'] },
  { title: '', run: ['merge', 'nick-text'] },
  {
    title: 'CI on the nick-int pull request: `flash check` reports the conflict as a GitHub annotation (exit 3)',
    git: ['checkout', 'nick-int'],
  },
  { title: '', run: ['check', '--base', 'main', '--format', 'github'], expect: 3 },
  { title: '`flash merge` stops on it with its code (exit 3)…', git: ['checkout', 'main'] },
  { title: '', run: ['merge', 'nick-int'], expect: 3 },
  { title: '…and `flash resolve` settles it: keep main’s text column', run: ['resolve', 'users.nickname', '--ours'] },
  { title: '', git: ['checkout', '--ours', 'db/schema/users.sql'] },
  ...commit('merge nick-int'),
  { title: 'The dev database follows, and everything is verifiable', run: ['apply'] },
  { title: '', run: ['status'] },
  { title: '', run: ['fsck'] },
];
