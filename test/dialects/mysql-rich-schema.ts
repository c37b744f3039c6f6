/** A schema using every IR element MySQL/MariaDB supports (shared by introspection and render tests). */
export const RICH = `
CREATE TABLE users (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(255) NOT NULL,
  name varchar(100) COLLATE utf8mb4_bin DEFAULT 'it''s',
  data json,
  settings json NOT NULL,
  active tinyint(1) NOT NULL DEFAULT 1,
  flag boolean DEFAULT true,
  kind enum('a','B','c''d') NOT NULL DEFAULT 'a',
  created_at timestamp NOT NULL DEFAULT current_timestamp ON UPDATE current_timestamp,
  touched datetime(3) DEFAULT now(3) ON UPDATE now(3),
  amount decimal(10,2) DEFAULT 0,
  full_name varchar(400) AS (concat(email, ' ', name)) VIRTUAL,
  twice int AS (active * 2) STORED,
  note text COMMENT 'a note',
  big bigint(20) DEFAULT NULL,
  token varchar(36) DEFAULT (uuid()),
  CONSTRAINT chk_amount CHECK (amount >= 0),
  UNIQUE KEY uq_email (email),
  KEY ix_name (name(10), email DESC),
  FULLTEXT KEY ft_note (note)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='the users';
CREATE TABLE posts (
  id int PRIMARY KEY,
  user_id int unsigned,
  score int CHECK (score > 0),
  CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE TABLE comments (
  id int PRIMARY KEY,
  post_id int,
  FOREIGN KEY (post_id) REFERENCES posts (id)
);
CREATE TABLE _flash_migrations (id int);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active = 1;
`;
