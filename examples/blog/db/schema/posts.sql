CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT,
  created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX posts_user_id ON posts(user_id);
CREATE VIEW recent_posts AS SELECT id, title FROM posts ORDER BY created_at DESC LIMIT 10;
