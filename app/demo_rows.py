"""The rows of `retorno demo-data`: parties (each city where its area code rings), products, and
what happened with each customer: follow-ups, quotes, orders, sales and complaints."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DemoParty:
    name: str
    trade_name: str
    document: str  # CPF/CNPJ digits, valid
    phone: str
    mobile: str
    address: str
    city: str
    state: str
    postal_code: str
    contacts: tuple[tuple[str, str, str], ...] = ()  # name, role, phone


@dataclass(frozen=True)
class Story:
    """One party's follow-up and, for a customer, the sales document it led to or came from."""

    type_name: str
    return_in: int  # days from today; negative: overdue
    notes: str
    complaint: str = ""
    document: str = ""  # "quote", "order" or "sale"
    lines: tuple[tuple[str, str, str], ...] = ()  # product code, quantity, discount
    convert_to: str = ""  # convert the document on to "order" or "sale"
    rejected: bool = False  # a quote the customer turned down
    from_document: bool = False  # the follow-up started from the document (F4), not F5
    earlier_contact: str = ""  # a first entry, already done


CONDITIONS = ("Pagamento: 30/60 dias no boleto. Entrega em até 10 dias úteis. "
              "Validade da proposta: 15 dias.")

PRODUCTS = [
    ("FORNO-45", "Forno elétrico 45 L", "UN", Decimal("1299.90")),
    ("MASSEIRA-15", "Masseira espiral 15 kg", "UN", Decimal("4890.00")),
    ("CILINDRO-40", "Cilindro laminador 40 cm", "UN", Decimal("2750.00")),
    ("BALANCA-30", "Balança digital 30 kg", "UN", Decimal("389.90")),
    ("INSTALACAO", "Instalação e treinamento", "SV", Decimal("180.00")),
    ("MANUT-PREV", "Manutenção preventiva (visita)", "SV", Decimal("240.00")),
]

CUSTOMERS = [
    (DemoParty("Padaria Pão Quente Ltda", "Pão Quente", "11222333000181", "(11) 3456-7890",
               "(11) 98765-4321", "Rua Augusta, 1200", "São Paulo", "SP", "01304-001",
               (("Marcos Lima", "Comprador", "(11) 97777-1111"),)),
     Story("Em Análise", 0, "Cliente pediu prazo para analisar o orçamento do forno.",
           document="quote", lines=(("FORNO-45", "2", "99.80"), ("INSTALACAO", "1", "")),
           earlier_contact="Primeiro contato: quer trocar os dois fornos da loja.")),
    (DemoParty("Oficina Mecânica Irmãos Souza", "Irmãos Souza", "94580730215787",
               "(19) 3232-1010", "", "Av. John Boyd Dunlop, 3500", "Campinas", "SP",
               "13060-904", (("Carlos Souza", "Sócio", "(19) 99191-2020"),)),
     Story("Assistência Técnica", -1, "Visita técnica agendada; levar visor de reposição.",
           complaint="A balança chegou com o visor riscado.", document="sale",
           lines=(("BALANCA-30", "2", ""),), from_document=True)),
    (DemoParty("Mercado Bom Preço", "Bom Preço", "36819303642619", "(21) 2555-0101",
               "(21) 98888-0202", "Rua Conde de Bonfim, 455", "Rio de Janeiro", "RJ",
               "20520-053", (("Ana Paula", "Gerente", "(21) 97654-3210"),
                             ("Jorge", "Financeiro", ""))),
     Story("Em Análise", 2, "Confirmar a data de entrega do pedido.", document="quote",
           lines=(("CILINDRO-40", "1", ""), ("MANUT-PREV", "2", "40.00")), convert_to="order")),
    (DemoParty("Ana Beatriz Ferreira", "", "52998224725", "", "(31) 99876-5432",
               "Rua da Bahia, 1148, ap. 602", "Belo Horizonte", "MG", "30160-011"),
     Story("Prospecção", 7, "Apresentar a nova linha de fornos para confeitaria caseira.")),
    (DemoParty("Clínica Sorriso Odontologia", "Sorriso", "21299722003346", "(41) 3333-2222", "",
               "Rua XV de Novembro, 700", "Curitiba", "PR", "80020-310",
               (("Dra. Renata", "Diretora", ""),)),
     Story("Em Análise", -3, "Achou o preço alto: ligar com uma nova proposta de manutenção.",
           complaint="Reclamou do atraso na primeira visita.", document="quote",
           lines=(("MANUT-PREV", "1", ""),), rejected=True, from_document=True)),
    (DemoParty("Restaurante Sabor da Terra", "Sabor da Terra", "22453832364050",
               "(51) 3012-3456", "(51) 99654-1234", "Av. Ipiranga, 6681", "Porto Alegre", "RS",
               "90619-900"),
     Story("Pós-Venda", 0, "Ligar para saber se a masseira entregue está funcionando bem.",
           document="order", lines=(("MASSEIRA-15", "1", "190.00"), ("INSTALACAO", "1", "")),
           convert_to="sale", from_document=True)),
]

SUPPLIERS = [
    (DemoParty("Distribuidora Trigo de Ouro S.A.", "Trigo de Ouro", "56224154990936",
               "(11) 4002-8922", "", "Rua do Gasômetro, 210", "São Paulo", "SP", "03004-000",
               (("Paulo", "Vendedor", "(11) 99432-1098"),)),
     Story("Em Análise", 1, "Cotação de farinha especial para o próximo mês.")),
    (DemoParty("Embalagens Paraná Ltda", "Embalagens PR", "", "(43) 3321-4455",
               "(43) 99812-3344", "Rua Sergipe, 1014", "Londrina", "PR", "86010-360"),
     Story("Outros", 15, "Confirmar a entrega das caixas de papelão.",
           complaint="Último lote veio com caixas amassadas.",
           earlier_contact="Pedido de 500 caixas feito por telefone.")),
]
