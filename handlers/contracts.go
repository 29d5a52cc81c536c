package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	_ "time/tzdata" // the studio zone must load in a minimal container too

	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/apiclient"
	"github.com/studio-addons/portal/upstream"
)

// studioZone is where the studios are: "today" for cancelation dates, trials
// and ends is their civil date, not the server's.
var studioZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// today is the portal's current date in the studios' time zone.
func (h *Handler) today() apiclient.Date { return apiclient.DateOf(h.now().In(studioZone)) }

// sessionContract returns the session's main contract as the customer's
// contracts read shows it, with its add-ons (moduleContracts). The
// session's ContractID is the only source of the contract: a contract the
// customer does not (or no longer) hold is not found.
func (h *Handler) sessionContract(ctx context.Context, r upstream.Reads, m *member) (apiclient.Contract, error) {
	contracts, err := r.ListContracts(ctx, m.CustomerID, "")
	if err != nil {
		return apiclient.Contract{}, err
	}
	for _, c := range contracts {
		if c.ID == m.ContractID {
			return c, nil
		}
	}
	return apiclient.Contract{}, notFound(fmt.Errorf("contract %d not among customer %d's contracts", m.ContractID, m.CustomerID))
}

// errForeignModuleContract is the logged cause when :mc is not on the
// session's contract.
var errForeignModuleContract = errors.New("module contract not on the session's contract")

// ownedModuleContract resolves :mc to an add-on of the session's contract:
// its entry in the contract's moduleContracts and its own read (endpoint
// 5). A malformed id or one that is not on that contract is the not-found
// page before any upstream read of it, so a foreign id can never reach an
// upstream write (nor leak another member's add-on).
func (h *Handler) ownedModuleContract(c echo.Context, r upstream.Reads) (apiclient.SubContract, *apiclient.AdditionalModuleContract, error) {
	id, err := strconv.ParseInt(c.Param("mc"), 10, 64)
	if err != nil || id <= 0 {
		return apiclient.SubContract{}, nil, notFound(fmt.Errorf("module contract id %q: %w", c.Param("mc"), errForeignModuleContract))
	}
	m := currentMember(c)
	ctx := c.Request().Context()
	k, err := h.sessionContract(ctx, r, m)
	if err != nil {
		return apiclient.SubContract{}, nil, err
	}
	i := slices.IndexFunc(k.ModuleContracts, func(sc apiclient.SubContract) bool { return sc.ID == id })
	if i < 0 {
		return apiclient.SubContract{}, nil, notFound(fmt.Errorf("module contract %d: %w", id, errForeignModuleContract))
	}
	mc, err := r.GetAdditionalModuleContract(ctx, m.ContractID, id)
	if err != nil {
		return apiclient.SubContract{}, nil, err
	}
	return k.ModuleContracts[i], mc, nil
}
