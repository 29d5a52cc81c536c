package views

import "strconv"

func statusText(code int) string { return strconv.Itoa(code) }

func int64Text(n int64) string { return strconv.FormatInt(n, 10) }

func describedBy(f TextFieldProps) string {
	ids := ""
	if f.Hint != "" {
		ids = f.Name + "-hint"
	}
	if f.Error != "" {
		if ids != "" {
			ids += " "
		}
		ids += ErrorID(f.Name)
	}
	return ids
}
