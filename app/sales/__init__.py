"""Orçamentos, Pedidos de Venda and Vendas: their lines, totals, statuses and follow-up links."""
