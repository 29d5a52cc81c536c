package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/views"
)

// keyMember is the one session value of the session cookie: the member.
// The flash cookie holds only the session library's flashes.
const keyMember = "member"

// keyFlashes is where the session library keeps flashes (Session.AddFlash
// and Session.Flashes with no key).
const keyFlashes = "_flash"

// sessionCodec serializes a session's values for securecookie, which still
// authenticates and encrypts them. Gob, securecookie's default, describes
// its types in every cookie and makes each request compile a decoder for
// them; the portal's sessions hold only known values (the member, flashes),
// so they are JSON of one fixed struct. Anything else is refused, and a
// cookie that is not that JSON (an older format, another application's)
// fails to decode: nobody is logged in.
type sessionCodec struct{}

// useSessionCodec makes every codec of st use sessionCodec.
func useSessionCodec(st *sessions.CookieStore) {
	for _, c := range st.Codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.SetSerializer(sessionCodec{})
		}
	}
}

// cookieBody is the serialized form of a session's values.
type cookieBody struct {
	Member  *memberWire `json:"m,omitempty"`
	Flashes []flashWire `json:"f,omitempty"`
}

// memberWire is member with times in Unix seconds and short names: the
// cookie travels with every request.
type memberWire struct {
	SID          string `json:"id"`
	Login        string `json:"lg,omitempty"`
	Studio       string `json:"s"`
	CustomerID   int64  `json:"c"`
	ContractID   int64  `json:"k,omitempty"`
	FirstName    string `json:"n,omitempty"`
	Locale       string `json:"l,omitempty"`
	LocaleChosen bool   `json:"lc,omitempty"`
	ContractName string `json:"kn,omitempty"`
	Several      bool   `json:"ks,omitempty"`
	IssuedAt     int64  `json:"iat"`
	SeenAt       int64  `json:"seen"`
}

type flashWire struct {
	Kind string `json:"k,omitempty"`
	Text string `json:"t"`
}

var errSessionValue = errors.New("session: value the cookie cannot hold")

// Serialize implements securecookie.Serializer for a session's Values.
func (sessionCodec) Serialize(src any) ([]byte, error) {
	values, ok := src.(map[any]any)
	if !ok {
		return nil, fmt.Errorf("%w: %T", errSessionValue, src)
	}
	var body cookieBody
	for k, v := range values {
		switch k {
		case keyMember:
			m, ok := v.(member)
			if !ok {
				return nil, fmt.Errorf("%w: member is %T", errSessionValue, v)
			}
			body.Member = &memberWire{
				SID: m.SID, Login: m.Login, Studio: m.Studio, CustomerID: m.CustomerID, ContractID: m.ContractID,
				FirstName: m.FirstName, Locale: string(m.Locale), LocaleChosen: m.LocaleChosen,
				ContractName: m.ContractName, Several: m.Several,
				IssuedAt: m.IssuedAt.Unix(), SeenAt: m.SeenAt.Unix(),
			}
		case keyFlashes:
			list, _ := v.([]any)
			for _, f := range list {
				fl, ok := f.(views.Flash)
				if !ok {
					return nil, fmt.Errorf("%w: flash is %T", errSessionValue, f)
				}
				body.Flashes = append(body.Flashes, flashWire{Kind: string(fl.Kind), Text: fl.Text})
			}
		default:
			return nil, fmt.Errorf("%w: key %v", errSessionValue, k)
		}
	}
	return json.Marshal(body)
}

// Deserialize implements securecookie.Serializer into a session's Values.
func (sessionCodec) Deserialize(src []byte, dst any) error {
	values, ok := dst.(*map[any]any)
	if !ok {
		return fmt.Errorf("%w: %T", errSessionValue, dst)
	}
	var body cookieBody
	if err := json.Unmarshal(src, &body); err != nil {
		return err
	}
	if *values == nil {
		*values = map[any]any{}
	}
	if w := body.Member; w != nil {
		(*values)[keyMember] = member{
			SID: w.SID, Login: w.Login, Studio: w.Studio, CustomerID: w.CustomerID, ContractID: w.ContractID,
			FirstName: w.FirstName, Locale: i18n.Locale(w.Locale), LocaleChosen: w.LocaleChosen,
			ContractName: w.ContractName, Several: w.Several,
			IssuedAt: time.Unix(w.IssuedAt, 0), SeenAt: time.Unix(w.SeenAt, 0),
		}
	}
	if len(body.Flashes) > 0 {
		list := make([]any, len(body.Flashes))
		for i, f := range body.Flashes {
			list[i] = views.Flash{Kind: views.FlashKind(f.Kind), Text: f.Text}
		}
		(*values)[keyFlashes] = list
	}
	return nil
}
