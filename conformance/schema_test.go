package conformance

import (
	"slices"
	"testing"
)

func TestSchemaLoads(t *testing.T) {
	s, err := LoadSchema()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Endpoints) != 14 {
		t.Errorf("%d endpoints, want the 14 the client calls with a body or none", len(s.Endpoints))
	}
}

func TestCheckFindsEveryKindOfProblem(t *testing.T) {
	s, err := LoadSchema()
	if err != nil {
		t.Fatal(err)
	}
	body := `[{"id": 1.5, "name": "Sauna", "paymentFrequencies": [{"type": "WEEKLY", "price": {"amount": "9.90", "currency": "EUR"}}],
	  "termInformation": {"extension": {"extensionType": "NEW"}}, "trialPeriodConfig": null, "colour": "red"}]`
	got, err := s.Check("AdditionalModule", true, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{Path: "[0].colour", Kind: Unknown, Detail: "not a field of AdditionalModule"},
		{Path: "[0].id", Kind: WrongType, Detail: "want an integer, got 1.5"},
		{Path: "[0].imageUrl", Kind: Missing},
		{Path: "[0].paymentFrequencies[0].price.amount", Kind: WrongType, Detail: "want number, got string"},
		{Path: "[0].paymentFrequencies[0].type", Kind: NotInEnum, Detail: `"WEEKLY"`},
		{Path: "[0].termInformation.term", Kind: Missing},
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n got %v\nwant %v", got, want)
	}
	if f := Failures(got, false); len(f) != 5 {
		t.Errorf("tenant failures = %v, want all but the unknown field", f)
	}
	if f := Failures(got, true); len(f) != 6 {
		t.Errorf("strict failures = %v, want all six", f)
	}
}

func TestCheckDatesTimesAndEmptyBodies(t *testing.T) {
	s, _ := LoadSchema()
	got, _ := s.Check("TrialPeriod", false, []byte(`{"startDate": "2026-02-30", "term": {"value": 14, "unit": "DAY"}}`))
	if len(got) != 1 || got[0].Path != "startDate" || got[0].Kind != WrongType {
		t.Errorf("impossible date: %v", got)
	}
	got, _ = s.Check("OpeningHours", false, []byte(`{"dayOfWeekFrom": "MONDAY", "timeFrom": "6 am"}`))
	if len(got) != 3 { // timeFrom wrong, dayOfWeekTo and timeTo assumed but absent
		t.Errorf("opening hours: %v", got)
	}
	if got, err := s.CheckEndpoint("POST /v1/studios/confirmActivation", nil); err != nil || len(got) != 0 {
		t.Errorf("empty answer: %v, %v", got, err)
	}
	if got, _ := s.CheckEndpoint("POST /v1/studios/confirmActivation", []byte(`{"ok":true}`)); len(got) != 1 {
		t.Errorf("a body where none is documented: %v", got)
	}
	if _, err := s.Check("Money", false, []byte(`{`)); err == nil {
		t.Error("broken JSON: no error")
	}
}
