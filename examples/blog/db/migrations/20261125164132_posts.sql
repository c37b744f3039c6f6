-- Migration: posts
-- Created: 2026-11-25T16:41:32Z
-- flash:from 2561b8c18a7f5da47930ace1d09a72526681a54a0c93f383c1a0fd0598da5500
-- flash:to 1e555f5fd226e5495782ff272d949c69840bb6892739377f88f6c32ef602589c

-- +migrate Up
CREATE TABLE "posts" (
  "id" integer PRIMARY KEY NOT NULL,
  "user_id" integer NOT NULL,
  "title" text NOT NULL,
  "body" text,
  "created_at" text DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "posts_user_id" ON "posts" ("user_id");
CREATE VIEW "recent_posts" AS SELECT id, title FROM posts ORDER BY created_at DESC LIMIT 10;

-- +migrate Down
-- WARNING: running this Down section is not lossless:
--   [L011] Down drops table posts and the rows written to it since the Up.
DROP VIEW "recent_posts";
DROP TABLE "posts";
