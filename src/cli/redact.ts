/** Text safe to print: any `scheme://user:password@` has its password replaced by ***. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^:@/\s]+):[^@/\s]*@/g, '$1:***@');
}
