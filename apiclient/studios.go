package apiclient

import "context"

// Weekday names as the upstream spells them in opening hours.
type Weekday string

// Weekdays.
const (
	Monday    Weekday = "MONDAY"
	Tuesday   Weekday = "TUESDAY"
	Wednesday Weekday = "WEDNESDAY"
	Thursday  Weekday = "THURSDAY"
	Friday    Weekday = "FRIDAY"
	Saturday  Weekday = "SATURDAY"
	Sunday    Weekday = "SUNDAY"
)

// OpeningHours is one range of days with the same hours, e.g. MONDAY to
// FRIDAY 06:00:00 to 23:00:00 (times as ISO-8601 local times).
type OpeningHours struct {
	DayOfWeekFrom Weekday `json:"dayOfWeekFrom,omitempty"`
	DayOfWeekTo   Weekday `json:"dayOfWeekTo,omitempty"`
	TimeFrom      string  `json:"timeFrom,omitempty"`
	TimeTo        string  `json:"timeTo,omitempty"`
}

// StudioInformation is the studio behind the API key: the natural source
// of its name, logo and contact details. The contract names "address
// fields" without spelling them; street, houseNumber, zipCode and city are
// assumed (absent ones stay empty).
type StudioInformation struct {
	StudioID     int64          `json:"studioId"`
	Name         string         `json:"name,omitempty"`
	Description  string         `json:"description,omitempty"`
	Email        string         `json:"email,omitempty"`
	Telephone    string         `json:"telephone,omitempty"`
	Website      string         `json:"website,omitempty"`
	LogoURL      string         `json:"logoUrl,omitempty"`
	Street       string         `json:"street,omitempty"`
	HouseNumber  string         `json:"houseNumber,omitempty"`
	ZipCode      string         `json:"zipCode,omitempty"`
	City         string         `json:"city,omitempty"`
	Country      string         `json:"country,omitempty"`
	CountryCode  string         `json:"countryCode,omitempty"`
	OpeningHours []OpeningHours `json:"openingHours,omitempty"`
}

// GetStudioInformation returns the studio the API key belongs to.
//
// Upstream: GET /v1/studios/information (EndpointStudioInformation; scope STUDIO_READ).
func (c *Client) GetStudioInformation(ctx context.Context) (*StudioInformation, error) {
	var si StudioInformation
	if err := c.do(ctx, EndpointStudioInformation, "/v1/studios/information", nil, nil, &si); err != nil {
		return nil, err
	}
	return &si, nil
}

// ConfirmActivation tells the upstream the partner is ready: webhook
// delivery for the studio starts only after it. It has no body and
// answers 200.
//
// Upstream: POST /v1/studios/confirmActivation (EndpointConfirmActivation).
func (c *Client) ConfirmActivation(ctx context.Context) error {
	return c.do(ctx, EndpointConfirmActivation, "/v1/studios/confirmActivation", nil, nil, nil)
}
