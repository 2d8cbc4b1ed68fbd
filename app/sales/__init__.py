"""Orçamentos, Pedidos de Venda, Vendas and the product catalog."""
