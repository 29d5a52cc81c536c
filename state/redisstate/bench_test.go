package redisstate

import (
	"context"
	"testing"
	"time"

	"github.com/studio-addons/portal/state"
	"github.com/studio-addons/portal/state/redistest"
)

// What the shared state adds to a request on a loopback Redis: one read
// per page (IsRevoked), and a booking's token life (issue, claim, settle,
// outcome page).

func BenchmarkIsRevoked(b *testing.B) {
	rdb, err := Connect(context.Background(), redistest.Start(b).URL)
	if err != nil {
		b.Fatal(err)
	}
	defer rdb.Close()
	r := New(rdb, "", nil).Revocations()
	ctx := context.Background()
	for b.Loop() {
		if _, err := r.IsRevoked(ctx, "sid"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBookingTokenLife(b *testing.B) {
	rdb, err := Connect(context.Background(), redistest.Start(b).URL)
	if err != nil {
		b.Fatal(err)
	}
	defer rdb.Close()
	tk := New(rdb, "", nil).Tokens(time.Hour)
	ctx := context.Background()
	for b.Loop() {
		tok, err := tk.Issue(ctx, state.Booking{SessionID: "s", ModuleName: "Sauna"})
		if err != nil {
			b.Fatal(err)
		}
		if _, first, err := tk.Claim(ctx, tok, "s"); err != nil || !first {
			b.Fatal(first, err)
		}
		if ok, err := tk.Transition(ctx, tok, state.BookingClaimed, state.BookingBooked, 1, ""); err != nil || !ok {
			b.Fatal(ok, err)
		}
		if _, err := tk.Get(ctx, tok, "s"); err != nil {
			b.Fatal(err)
		}
	}
}
