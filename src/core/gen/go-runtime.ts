/**
 * Go source emitted into db.go when queries need it: JSON columns, PostgreSQL arrays, IN lists on
 * `?` engines. Standard library only, gofmt-formatted as written here.
 */

export const GO_DBTX = `// DBTX is what the queries run on: a *sql.DB, *sql.Conn or *sql.Tx.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

// New returns the queries bound to db (the caller registers and opens the driver).
func New(db DBTX) *Queries {
	return &Queries{db: db}
}

// Queries holds one method per query in db/queries.
type Queries struct {
	db DBTX
}

// WithTx returns the same queries running inside tx.
func (q *Queries) WithTx(tx *sql.Tx) *Queries {
	return &Queries{db: tx}
}`;

export const GO_SLOTS = `// slots writes one placeholder per element of an IN (sqlc.slice(…)) list; an empty list matches nothing.
func slots(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.Repeat(",?", n)[1:]
}`;

export const GO_JSON = `// jsonScanner reads a JSON column (text or bytes, by driver) into a json.RawMessage.
type jsonScanner struct {
	dst *json.RawMessage
}

func (s jsonScanner) Scan(src interface{}) error {
	switch v := src.(type) {
	case []byte:
		*s.dst = append(json.RawMessage(nil), v...)
	case string:
		*s.dst = json.RawMessage(v)
	default:
		return fmt.Errorf("flash: cannot scan %T into json.RawMessage", src)
	}
	return nil
}

// NullJSON is a JSON document that may be SQL NULL.
type NullJSON struct {
	JSON  json.RawMessage
	Valid bool
}

// Scan implements sql.Scanner.
func (n *NullJSON) Scan(src interface{}) error {
	if src == nil {
		n.JSON, n.Valid = nil, false
		return nil
	}
	n.Valid = true
	return jsonScanner{&n.JSON}.Scan(src)
}

// Value implements driver.Valuer: the document as text.
func (n NullJSON) Value() (driver.Value, error) {
	if !n.Valid {
		return nil, nil
	}
	return string(n.JSON), nil
}`;

export const GO_PG_ARRAY = `// pgArrayScanner reads a one-dimensional PostgreSQL array from its text form ({a,"b c"}); NULL is a
// nil slice. Driver-specific array types are not needed.
type pgArrayScanner[T any] struct {
	dst   *[]T
	parse func(string) (T, error)
}

func (s pgArrayScanner[T]) Scan(src interface{}) error {
	var text string
	switch v := src.(type) {
	case nil:
		*s.dst = nil
		return nil
	case []byte:
		text = string(v)
	case string:
		text = v
	default:
		return fmt.Errorf("flash: cannot scan %T into an array", src)
	}
	if len(text) < 2 || text[0] != '{' || text[len(text)-1] != '}' {
		return fmt.Errorf("flash: not a one-dimensional array: %q", text)
	}
	out := []T{}
	body := text[1 : len(text)-1]
	for i := 0; i < len(body); {
		var item string
		if body[i] == '"' {
			var b strings.Builder
			j := i + 1
			for ; j < len(body) && body[j] != '"'; j++ {
				if body[j] == '\\\\' && j+1 < len(body) {
					j++
				}
				b.WriteByte(body[j])
			}
			item = b.String()
			i = j + 2
		} else {
			j := strings.IndexByte(body[i:], ',')
			if j < 0 {
				j = len(body) - i
			}
			item = body[i : i+j]
			if item == "NULL" {
				return fmt.Errorf("flash: NULL element in %q", text)
			}
			i += j + 1
		}
		v, err := s.parse(item)
		if err != nil {
			return err
		}
		out = append(out, v)
	}
	*s.dst = out
	return nil
}

// pgArrayValuer writes a slice as a PostgreSQL array literal; a nil slice is an empty array.
type pgArrayValuer[T any] struct {
	src    []T
	format func(T) string
}

func (v pgArrayValuer[T]) Value() (driver.Value, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, item := range v.src {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(v.format(item))
	}
	b.WriteByte('}')
	return b.String(), nil
}

func pgParseText[T ~string](s string) (T, error) {
	return T(s), nil
}

func pgFormatText[T ~string](v T) string {
	return "\\"" + strings.NewReplacer("\\\\", "\\\\\\\\", "\\"", "\\\\\\"").Replace(string(v)) + "\\""
}

func pgParseInt[T ~int32 | ~int64](s string) (T, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	return T(n), err
}

func pgFormatInt[T ~int32 | ~int64](v T) string {
	return strconv.FormatInt(int64(v), 10)
}

func pgParseFloat(s string) (float64, error) {
	return strconv.ParseFloat(s, 64)
}

func pgFormatFloat(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func pgParseBool(s string) (bool, error) {
	return s == "t", nil
}

func pgFormatBool(v bool) string {
	if v {
		return "t"
	}
	return "f"
}`;
