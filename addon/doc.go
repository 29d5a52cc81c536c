// Package addon holds the business rules of a studio's add-ons
// (additional modules): what a payment frequency charges (Price), a
// module's terms and notice periods (Terms), what booking one commits the
// member to (Commitment), a booked add-on's status (Status) and its next
// charge (NextPayment). It reads the upstream's types from apiclient and
// returns typed values (Money, Date, Term, kinds); it has no HTTP, no
// templates and no text: views word its results per locale.
//
// # Facts the data lacks
//
// Older tenants send no termInformation.term (initial term) and no
// trialPeriodConfig.term (trial length); a module may send no
// cancelationPeriod, a frequency no price. Such a fact is unknown: a nil
// term, a zero Date, PriceUnknown, a Schedule that is not Known. Nothing is
// computed from a guess, and what depends on an unknown fact is unknown too.
//
// # Dates: the studio's rules as the sandbox plays them
//
// The upstream contract does not say how term ends, notice deadlines and
// charge dates are counted. The rules below are the ones the sandbox (the
// portal's stand-in for a studio, apiclient/sandbox) uses when it computes
// cancelation dates; the portal states them as the studio's rules only for
// that reason. For a booked add-on, the upstream's own
// availableCancelationDates and lastPossibleCancelationDate always win over
// anything computed here: Status takes them as they are.
//
//   - Term k (k = 0 the initial term, k ≥ 1 its renewals) ends the day
//     before start + initial term + k × extension term.
//   - Month and year terms are counted from the start date and clamped to
//     the month's end, not chained: started Jan 31 with monthly terms, the
//     term ends are Feb 27 (Feb 28 in a leap year), Mar 30, Apr 29.
//   - The notice deadline of a term end is the end minus the notice period
//     (cancelationPeriod for the initial term, extensionCancelationPeriod
//     for a renewal), clamped at month ends (Mar 31 - 1 month = Feb 28).
//     The sandbox falls back to cancelationPeriod when a renewal has none;
//     the portal calls that deadline unknown instead.
//   - The earliest end of an add-on canceled today is the first term end
//     whose notice deadline is today or later. An add-on that does not
//     renew (extension NEW) ends after its initial term without notice.
//   - A trial does not shift the terms: they count from the start date.
//     Paying starts the day after the trial's last day.
//
// # Charges: the portal's own reading
//
// The contract says what each frequency type charges but not on which
// days; these are the portal's choices, consistent with the sandbox where
// it has one:
//
//   - RECURRING and TERM_BASED charge on the first paid day, then every
//     frequency term counted from that day (clamped, not chained).
//   - A TERM_BASED step's price becomes active AFTER its term has passed,
//     counted like the contract's terms from the add-on's start date, trial
//     included ("€24.90 from month 4 of the contract"). The contract does
//     not say whether a trial counts; the sandbox counts every term from the
//     start date.
//   - MONTH_DAY charges on its days of each year from the first paid day
//     on; a Feb 29 day falls on Mar 1 in other years, as the sandbox counts
//     it.
//   - NON_RECURRING charges once, on the first paid day; FREE never.
//
// The payments of a Commitment are those on or before the end of the
// period asked for (the initial term, the earliest end).
package addon
