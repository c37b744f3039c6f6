-- Migration: create users
-- Created: 2026-11-25T16:41:31Z
-- flash:from 10393b210dd8b40e251bf91d9e5f9b62f85317a39871e9a3f40478b668d4d509
-- flash:to 2561b8c18a7f5da47930ace1d09a72526681a54a0c93f383c1a0fd0598da5500

-- +migrate Up
CREATE TABLE "users" (
  "id" integer PRIMARY KEY NOT NULL,
  "email" text NOT NULL,
  "name" text,
  CONSTRAINT "users_email_key" UNIQUE ("email")
);

-- +migrate Down
-- WARNING: running this Down section is not lossless:
--   [L011] Down drops table users and the rows written to it since the Up.
DROP TABLE "users";
