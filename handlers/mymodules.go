package handlers

import (
	"github.com/labstack/echo/v4"

	"github.com/studio-addons/portal/addon"
	"github.com/studio-addons/portal/i18n"
	"github.com/studio-addons/portal/upstream"
	"github.com/studio-addons/portal/views"
)

// MyModulesPage handles GET /:studio/my-modules: every add-on contract on
// the session's contract, read in parallel, current ones before past ones.
func (h *Handler) MyModulesPage(c echo.Context) error {
	ctx := c.Request().Context()
	owned, err := h.moduleContracts(ctx, h.up(c).Cached(), currentMember(c))
	if err != nil {
		return err
	}
	today := h.today()
	all := make([]views.ModuleContract, 0, len(owned))
	for _, o := range owned {
		all = append(all, views.NewModuleContract(o.ID, o.Contract, today))
	}
	current, past := addon.SplitByPast(all, func(m views.ModuleContract) addon.Status { return m.Status })
	p := h.page(c, i18n.T(ctx, "mymodules.title"), "mymodules")
	return renderOK(c, views.MyModulesPage(p, current, past))
}

// ModuleContractPage handles GET /:studio/my-modules/:mc: one add-on
// contract with its timeline and the actions it allows.
func (h *Handler) ModuleContractPage(c echo.Context) error {
	m, err := h.moduleContractView(c, h.up(c).Cached())
	if err != nil {
		return err
	}
	p := h.page(c, m.Name, "mymodules")
	return renderOK(c, views.ModuleContractPage(p, m))
}

// moduleContractView resolves :mc (owned by the session's contract) and
// maps it to its view model.
func (h *Handler) moduleContractView(c echo.Context, r upstream.Reads) (views.ModuleContract, error) {
	id, mc, err := h.ownedModuleContract(c, r)
	if err != nil {
		return views.ModuleContract{}, err
	}
	return views.NewModuleContract(id, *mc, h.today()), nil
}
