/** Text safe to print: the password of any `scheme://user:password@` in it becomes ***. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^:@/?#\s]*):[^@/?#\s]*@/g, '$1:***@');
}
